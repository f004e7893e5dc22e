import type { Config } from '@renum/config';
import type { FetchSource, JobQueue, KnowledgeDeps } from '@renum/platform';
import { createEgressClient } from '@renum/tools';

/** An HTTP answer that is not a page to index (4xx, 5xx): the document fails with it, without retries. */
class SourceFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceFetchError';
  }
}

/**
 * Knowledge-base dependencies: the job queue, and URL sources fetched through the tool proxy's egress
 * guard (the same allowlist, every redirect hop checked, private and metadata addresses refused), with the
 * document size limit enforced while reading.
 */
export function createKnowledgeDeps(options: {
  jobs: JobQueue;
  config: Pick<Config, 'tools'>;
}): KnowledgeDeps {
  const egress = createEgressClient({ allow: options.config.tools.egressAllow });
  const fetchSource: FetchSource = async (url, { signal, maxBytes }) => {
    const response = await egress.request(url, { signal, headersTimeout: 15_000, bodyTimeout: 30_000 });
    if (response.statusCode >= 400) {
      await response.body.dump();
      throw new SourceFetchError(`The page answered HTTP ${response.statusCode}`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Uint8Array).length;
      if (size > maxBytes) {
        response.body.destroy();
        throw new SourceFetchError(`The page is larger than ${maxBytes} bytes`);
      }
      chunks.push(chunk as Uint8Array);
    }
    const contentType = response.headers['content-type'];
    return {
      bytes: Buffer.concat(chunks),
      contentType: typeof contentType === 'string' ? contentType : null,
    };
  };
  return { jobs: options.jobs, fetchSource };
}
