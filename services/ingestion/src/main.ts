import { serviceMain } from '@gradeline/runtime';
import { Config } from './config';

serviceMain({ name: 'ingestion', config: Config, load: async () => (await import('./service.js')).service });
