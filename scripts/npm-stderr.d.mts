/** npm's stderr without its `EBADENGINE` warnings, and a line saying how many were left out. */
export function withoutEngineWarnings(stderr: string, nodeVersion?: string): string;
