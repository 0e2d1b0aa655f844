import { serviceMain } from '@gradeline/runtime';
import { Config } from './config';

serviceMain({ name: 'export', config: Config, load: async () => (await import('./service.js')).service });
