import { backendContract } from './backend-contract';
import { sqliteTestBackend } from '../helpers/backend';

backendContract('embedded SQLite', sqliteTestBackend);
