import { backendContract } from './backend-contract';
import { sqliteTestBackend, type TestBackend } from '../helpers/backend';

let t: TestBackend;
backendContract(
  'embedded SQLite',
  async () => (t = sqliteTestBackend()).backend,
  async () => t.dispose(),
);
