export * from './downstream-subscriber';
