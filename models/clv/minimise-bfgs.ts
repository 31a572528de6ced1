/**
 * Unconstrained smooth minimisation for the customer-base models: numeric's BFGS (`uncmin`: BFGS
 * update of the inverse Hessian, Armijo backtracking, stops when the quasi-Newton step is shorter
 * than the tolerance) driven by an analytic gradient.
 *
 * Why numeric rather than fmin: fmin 0.0.4's ES module entry exports nothing (a UMD bundle in a
 * `"type": "module"` package), its Nelder–Mead throws `ReferenceError: i is not defined` on every
 * shrink step and reads its tolerance from the wrong option, and neither of its methods says
 * whether it converged. `uncmin` reports why it stopped, which the fits turn into `converged`.
 */
import numeric from "numeric";

export interface ValueAndGradient {
  value: number;
  gradient: number[];
}

export interface MinimiseOptions {
  /** Stop when the quasi-Newton step is shorter than this (Euclidean norm, in the variables' units). */
  tolerance: number;
  /** Function evaluations (line-search steps included) per BFGS run. */
  maxIterations: number;
}

export interface MinimiseResult {
  x: number[];
  value: number;
  /** Iterations of both runs together. */
  iterations: number;
  converged: boolean;
  /** uncmin's reason for stopping the final run, for error messages. */
  message: string;
}

const CONVERGED = "Newton step smaller than tol";

/**
 * Minimises `evaluate` from `start`, then restarts BFGS from the solution with a fresh (identity)
 * inverse Hessian: the restart polishes an estimate that a poor quasi-Newton curvature model let
 * stop early, and costs a few iterations when the first run had in fact converged.
 */
export function minimiseBfgs(
  evaluate: (x: number[]) => ValueAndGradient,
  start: number[],
  options: MinimiseOptions,
): MinimiseResult {
  const objective = cacheLast(evaluate);
  const run = (from: number[]) =>
    numeric.uncmin(
      (x: number[]) => objective(x).value,
      from,
      options.tolerance,
      (x: number[]) => objective(x).gradient,
      options.maxIterations,
    );
  const first = run(start);
  const polished = run(first.solution);
  return {
    x: polished.solution,
    value: polished.f,
    iterations: first.iterations + polished.iterations,
    converged: polished.message === CONVERGED,
    message: polished.message,
  };
}

/** uncmin asks for the value and then the gradient at the same point: compute both once. */
function cacheLast(evaluate: (x: number[]) => ValueAndGradient): (x: number[]) => ValueAndGradient {
  let lastX: number[] = [];
  let last: ValueAndGradient | undefined;
  return (x) => {
    if (last === undefined || x.some((xi, i) => xi !== lastX[i])) {
      lastX = x.slice();
      last = evaluate(x);
    }
    return last;
  };
}
