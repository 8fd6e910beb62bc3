// Runs in a worker thread: turns batches of chunk fields into FTS rows, in parallel with the inserts.
import { parentPort, workerData } from 'node:worker_threads';
import { useUserDictionary } from '../segment';
import { ftsRow, type IndexedFields } from './match';

useUserDictionary((workerData as { dictionary: string | null }).dictionary);
parentPort?.on('message', (msg: { id: number; rows: IndexedFields[] }) => {
  try {
    parentPort?.postMessage({ id: msg.id, rows: msg.rows.map(ftsRow) });
  } catch (err) {
    parentPort?.postMessage({ id: msg.id, error: (err as Error).message });
  }
});
