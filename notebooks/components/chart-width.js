/**
 * Charts never draw narrower than this: a card that is not laid out yet (a busy browser, a hidden
 * tab) can report a width smaller than the chart's margins, and Plot then draws bars of negative
 * width (the browser rejects them with a console error).
 */
const MIN_CHART_WIDTH = 320;

export const chartWidth = (width) => Math.max(MIN_CHART_WIDTH, width ?? MIN_CHART_WIDTH);
