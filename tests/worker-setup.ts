// Each test worker talks to the same database as the server under test, through the real lib.
import { inject } from 'vitest';

process.env.DATABASE_URL = inject('databaseUrl');
process.env.TRUSTGATE_SECRET = inject('secret');
process.env.DATA_DIR = inject('dataDir');
process.env.PUBLIC_URL = inject('baseUrl');
process.env.LOG_LEVEL = 'warn';
