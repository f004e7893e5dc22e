/** Limits of one `/ws` connection; each has its default, and tests pass small ones. */
export interface WsLimits {
  /** Largest frame a client may send; a larger one closes the socket with 1009. @defaultValue 65536 */
  maxFrameBytes: number;
  /**
   * Frames a connection may send per window; the excess is answered `RATE_LIMITED` and ignored.
   * @defaultValue 60
   */
  framesPerWindow: number;
  /** The rate limit's window. @defaultValue 10000 (10 s) */
  frameWindowMs: number;
  /**
   * How often the server pings; a connection that has not answered the previous ping (nor sent
   * anything) by the next one is closed, and its person goes offline. @defaultValue 30000
   */
  heartbeatMs: number;
  /**
   * Bytes the server may hold for a client that does not read: above it the connection closes with
   * 1013, so a slow consumer never makes the process grow. @defaultValue 1048576 (1 MiB)
   */
  maxBufferedBytes: number;
  /** Conversations one connection may follow at once. @defaultValue 100 */
  maxSubscriptions: number;
}

/** The defaults of {@link WsLimits}. */
export const defaultWsLimits: WsLimits = {
  maxFrameBytes: 64 * 1024,
  framesPerWindow: 60,
  frameWindowMs: 10_000,
  heartbeatMs: 30_000,
  maxBufferedBytes: 1024 * 1024,
  maxSubscriptions: 100,
};
