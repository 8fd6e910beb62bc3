import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteBackend } from '../../search/sqlite/backend';
import { backendContract } from './backend-contract';

const dirs: string[] = [];

backendContract(
  'embedded SQLite',
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-contract-'));
    dirs.push(dir);
    return new SqliteBackend({ file: path.join(dir, 'index.sqlite') });
  },
  async (b) => {
    await b.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  },
);
