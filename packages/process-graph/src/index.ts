export { workflowGraph, conditionLabel, joinOf, type GraphEdge, type GraphNode, type StateType, type WorkflowGraph } from './graph';
export { toDot, type StateMark } from './dot';
export { renderSvg } from './svg';
export { describeMachine, viewMatrix, workProcessDocument, type DeployedMachine, type DocumentOptions, type HumanStep, type MachineDescription, type WorkProcessDocument } from './work-process';
