import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@renum/config';
import { migrate, openDatabase } from '@renum/db';
import { createPlatformAdmin, rewrapDataKeys } from '@renum/platform';
import { addKeyFileVersion } from '@renum/vault';
import { backupCommand, restoreCommand } from './backup-cli.ts';
import { createPlatformDeps, openVault, resolveJwtSecret } from './platform-deps.ts';
import { rotateClientDataKeys } from './rotate-client-data-keys.ts';

const usage = `Usage: npm run renum -- <command>

Commands:
  migrate                                  apply pending database migrations
  vault rotate                             add a new key-encryption key version to the keyring file and
                                           re-wrap every client's data key under it
  vault rotate-client --client ID | --all  give a client (or every client) a new data key and
                                           re-encrypt its credentials under it; old keys keep
                                           decrypting until every row has moved, then are deleted
  admin create --email E [--name N]        create (or promote) a platform admin; the password is
                                           prompted for, or read from standard input when piped
  backup --out FILE --email E [--url U]    save a consistent copy of the embedded database from the
                                           running server (a platform admin's login; the password is
                                           prompted for or piped); Postgres: use pg_dump
  restore --from FILE                      replace the embedded database with a backup (server
                                           stopped; the replaced database is kept beside it)
`;

/** Reads a password: hidden prompt on a terminal, first line of standard input otherwise. */
async function readPassword(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const lines = createInterface({ input });
    for await (const line of lines) return line;
    return '';
  }
  process.stdout.write(prompt);
  input.setRawMode(true);
  input.resume();
  let password = '';
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          input.setRawMode(false);
          input.pause();
          input.off('data', onData);
          process.stdout.write('\n');
          resolve(password);
          return;
        }
        if (char === '\u0003') process.exit(130);
        password = char === '\u007f' ? password.slice(0, -1) : password + char;
      }
    };
    input.on('data', onData);
  });
}

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      client: { type: 'string' },
      all: { type: 'boolean' },
      out: { type: 'string' },
      from: { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals.join(' ');
  if (values.help || !command) {
    console.log(usage);
    return values.help ? 0 : 1;
  }
  const config = loadConfig();
  // Before the database is opened: a backup asks the running server, a restore takes the lock itself.
  if (command === 'backup')
    return backupCommand({ config, url: values.url, email: values.email, file: values.out, readPassword });
  if (command === 'restore') return restoreCommand({ config, file: values.from, readPassword });
  const handle = await openDatabase(
    config.database.kind === 'pglite'
      ? { kind: 'pglite', dataDir: config.database.dataDir }
      : { kind: 'postgres', url: config.database.url, poolSize: 2 },
  );
  try {
    const migrations = await migrate(handle);
    if (command === 'migrate') {
      console.log(
        migrations.applied.length ? `Applied: ${migrations.applied.join(', ')}` : 'Database is up to date.',
      );
      return 0;
    }
    if (command === 'vault rotate') {
      if (config.vault.keys) {
        console.log(
          'Keys come from RENUM_VAULT_KEYS: add the new version there, set RENUM_VAULT_KEY_VERSION, restart, then run this again to re-wrap.',
        );
      } else {
        const { version } = await addKeyFileVersion({ path: config.vault.keyFile });
        console.log(`Added key version ${version} to ${config.vault.keyFile}.`);
      }
      const deps = createPlatformDeps({
        config,
        db: handle.db,
        jwtSecret: resolveJwtSecret(config),
        vault: await openVault(config),
      });
      const result = await rewrapDataKeys(deps);
      console.log(
        `Re-wrapped ${result.rewrapped} of ${result.total} data keys under the current key version.`,
      );
      return 0;
    }
    if (command === 'vault rotate-client') {
      return await rotateClientDataKeys({
        config,
        db: handle.db,
        client: values.client,
        all: values.all === true,
      });
    }
    if (command === 'admin create') {
      if (!values.email) {
        console.error('admin create needs --email');
        return 1;
      }
      const password = await readPassword('Password (12+ characters): ');
      const deps = createPlatformDeps({
        config,
        db: handle.db,
        jwtSecret: resolveJwtSecret(config),
        vault: await openVault(config),
      });
      const result = await createPlatformAdmin(deps, {
        email: values.email,
        name: values.name ?? values.email,
        password,
      });
      console.log(
        `${result.created ? 'Created' : 'Promoted'} platform admin ${values.email} (${result.userId}).`,
      );
      return 0;
    }
    console.error(`Unknown command: ${command}\n\n${usage}`);
    return 1;
  } finally {
    await handle.close();
  }
}

run(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(1);
  });
