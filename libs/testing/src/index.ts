export * from './environment';
export * from './net';
export { dockerEngineAvailable } from './containers';
