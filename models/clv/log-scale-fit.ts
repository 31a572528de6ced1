/**
 * Maximum likelihood over positive parameters, shared by the BG/NBD and Gamma-Gamma fits. The
 * parameters are optimised as logarithms, so they stay positive without constraints, starting from
 * ln θ = 0 (every parameter 1), which needs no tuning per data set. The objective is the mean
 * negative log-likelihood per customer, so the tolerance means the same for two thousand customers
 * as for millions.
 */
import { minimise, type ValueAndGradient } from "./minimise.js";
import { ModelFitError } from "./model-fit-error.js";

export interface LogScaleFitOptions {
  /** Converged when the Newton step in ln(parameters) is shorter than this. */
  tolerance: number;
  /** Objective evaluations for the BFGS stage, line-search steps included. */
  maxIterations: number;
}

export interface LogScaleFit {
  params: number[];
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  /** Why the optimiser stopped, for error messages. */
  message: string;
}

/** ln(parameter) beyond ±30 (a parameter under 1e-13 or over 1e13): the likelihood has no interior maximum. */
const MAX_ABS_LOG_PARAM = 30;

/**
 * `logLikelihood(params)` returns the log-likelihood summed over `customers` customers and its
 * gradient with respect to the parameters (not their logarithms). Throws a ModelFitError when the
 * likelihood is not finite or a parameter runs off towards 0 or infinity; non-convergence is
 * reported, for the caller to act on.
 */
export function fitOnLogScale(
  model: { name: string; params: readonly string[] },
  logLikelihood: (params: number[]) => ValueAndGradient,
  customers: number,
  options: LogScaleFitOptions,
): LogScaleFit {
  const evaluate = (theta: number[]) => {
    const params = theta.map(Math.exp);
    const { value, gradient } = logLikelihood(params);
    // d/d ln θ = θ · d/dθ
    return { value: -value / customers, gradient: gradient.map((g, i) => (-g * params[i]) / customers) };
  };
  const start = model.params.map(() => 0);
  if (!Number.isFinite(evaluate(start).value)) {
    throw new ModelFitError(model.name, "the log-likelihood is not finite with every parameter at 1, where the fit starts; check the data for extreme values.");
  }
  const result = minimise(evaluate, start, options);
  const params = result.x.map(Math.exp);
  const fit = { params, logLikelihood: -result.value * customers, iterations: result.iterations, converged: result.converged, message: result.message };
  if (!Number.isFinite(fit.logLikelihood) || params.some((p) => !Number.isFinite(p))) {
    throw new ModelFitError(model.name, "the log-likelihood became non-finite during the fit; check the data for extreme values.");
  }
  const runaway = result.x.findIndex((t) => Math.abs(t) > MAX_ABS_LOG_PARAM);
  if (runaway >= 0) {
    throw new ModelFitError(
      model.name,
      `${model.params[runaway]} runs off to ${params[runaway].toExponential(1)} (${formatParams(model.params, params)}): ` +
        "the likelihood has no maximum inside the parameter space, so the data do not identify the model.",
    );
  }
  return fit;
}

export function formatParams(names: readonly string[], values: readonly number[]): string {
  return names.map((name, i) => `${name} = ${values[i].toPrecision(4)}`).join(", ");
}
