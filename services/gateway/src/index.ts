export { service } from './service';
export { Config } from './config';
