export * from './twin';
export * from './synth';
export * from './assembly';
export * from './cfn-resolver';
export * from './credentials';
export * from './ports';
export * from './layers';
export * from './identity';
export { procCpuSeconds } from './proc-cpu';
