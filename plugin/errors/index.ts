export * from './LendwireError.js';
export { toProblem, type Problem, type ProblemAnswer } from './toProblem.js';
export { isDataError } from './isDataError.js';
export { errorChain, firstErrorCode, type ErrorLink } from './errorChain.js';
export { isDependencyUnavailable } from './dependencyFailure.js';
