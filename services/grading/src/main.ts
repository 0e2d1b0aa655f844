import { serviceMain } from '@gradeline/runtime';
import { Config } from './config';

serviceMain({ name: 'grading', config: Config, load: async () => (await import('./service.js')).service });
