/**
 * Unconstrained smooth minimisation for the customer-base model fits, in two stages:
 *
 * 1. numeric's BFGS (`uncmin`: BFGS update of the inverse Hessian, Armijo backtracking) with the
 *    analytic gradient, from the caller's start to near the minimum.
 * 2. A polish by Newton–Raphson with the Hessian from forward differences of the analytic gradient
 *    (and step halving should a step not decrease the objective). It converges quadratically, and it
 *    judges convergence with the true curvature rather than BFGS's approximation of it: the fit has
 *    converged when a full Newton step is shorter than the tolerance and the Hessian is positive
 *    definite, i.e. the point is a strict local minimum and every parameter is identified.
 *
 * Why numeric rather than fmin: fmin 0.0.4's ES module entry exports nothing (a UMD bundle in a
 * `"type": "module"` package), its Nelder–Mead throws `ReferenceError: i is not defined` on every
 * shrink step and reads its tolerance from the wrong option, and neither of its methods says
 * whether it converged.
 */
import numeric from "numeric";

export interface ValueAndGradient {
  value: number;
  gradient: number[];
}

export interface MinimiseOptions {
  /** Converged when the Newton step is shorter than this (Euclidean norm, in the variables' units). */
  tolerance: number;
  /** Objective evaluations (line-search steps included) for the BFGS stage. */
  maxIterations: number;
}

export interface MinimiseResult {
  x: number[];
  value: number;
  /** BFGS iterations (line-search steps included) plus Newton iterations. */
  iterations: number;
  converged: boolean;
  /** Why it stopped, for error messages. */
  message: string;
}

const MAX_NEWTON_ITERATIONS = 20;
/** Forward-difference step for the Hessian: balances truncation error O(h) against rounding O(ε/h). */
const HESSIAN_STEP = 1e-7;

export function minimise(
  evaluate: (x: number[]) => ValueAndGradient,
  start: number[],
  options: MinimiseOptions,
): MinimiseResult {
  const objective = cacheLast(evaluate);
  // BFGS only has to get near the minimum: the Newton polish takes it the rest of the way.
  const bfgs = numeric.uncmin(
    (x: number[]) => objective(x).value,
    start,
    Math.sqrt(options.tolerance),
    (x: number[]) => objective(x).gradient,
    options.maxIterations,
  );
  const polished = newtonPolish(objective, bfgs.solution, options.tolerance);
  return { ...polished, iterations: bfgs.iterations + polished.iterations };
}

function newtonPolish(objective: (x: number[]) => ValueAndGradient, from: number[], tolerance: number): MinimiseResult {
  let x = from;
  let current = objective(x);
  for (let iteration = 1; iteration <= MAX_NEWTON_ITERATIONS; iteration++) {
    const step = choleskySolve(hessian(objective, x, current.gradient), current.gradient.map((g) => -g));
    if (step === undefined) {
      return { x, value: current.value, iterations: iteration, converged: false, message: "the Hessian is not positive definite: a parameter is not identified by the data" };
    }
    if (Math.hypot(...step) < tolerance) {
      return { x, value: current.value, iterations: iteration, converged: true, message: "converged" };
    }
    const next = descend(objective, x, current.value, step);
    if (next === undefined) {
      return { x, value: current.value, iterations: iteration, converged: false, message: "no Newton step decreases the objective" };
    }
    ({ x, current } = next);
  }
  return { x, value: current.value, iterations: MAX_NEWTON_ITERATIONS, converged: false, message: `Newton steps did not settle in ${MAX_NEWTON_ITERATIONS} iterations` };
}

/** Full step, halved until the objective does not increase (it can only stay level within rounding). */
function descend(objective: (x: number[]) => ValueAndGradient, x: number[], value: number, step: number[]) {
  for (let scale = 1; scale > 1e-10; scale /= 2) {
    const candidate = x.map((xi, i) => xi + scale * step[i]);
    const current = objective(candidate);
    if (current.value <= value) return { x: candidate, current };
  }
  return undefined;
}

/** Forward differences of the analytic gradient: one gradient per variable. */
function hessian(objective: (x: number[]) => ValueAndGradient, x: number[], gradient: number[]): number[][] {
  const columns = x.map((_, j) => {
    const shifted = objective(x.map((xi, i) => (i === j ? xi + HESSIAN_STEP : xi))).gradient;
    return shifted.map((g, i) => (g - gradient[i]) / HESSIAN_STEP);
  });
  // Symmetrise: the differences are only symmetric up to O(h) and rounding.
  return columns.map((column, i) => column.map((h, j) => (h + columns[j][i]) / 2));
}

/** Solves H s = b by Cholesky factorisation; undefined when H is not positive definite. */
function choleskySolve(h: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const l = h.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = h[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(sum > 0)) return undefined;
        l[i][i] = Math.sqrt(sum);
      } else {
        l[i][j] = sum / l[j][j];
      }
    }
  }
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i][k] * y[k];
    y[i] = sum / l[i][i];
  }
  const s = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= l[k][i] * s[k];
    s[i] = sum / l[i][i];
  }
  return s;
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
