export * from './access-log-bucket';
export * from './log-target';
export * from './private-bucket';
