/** A CloudWatch dashboard body: metric widgets two per row, each in the region its metrics live in. */

export interface MetricWidget {
  readonly title: string;
  readonly region: string;
  /** CloudWatch metric arrays: [namespace, metric, dimension, value, ..., { stat, label }]. */
  readonly metrics: readonly (readonly unknown[])[];
  /** Dashed lines at the alarm thresholds. @default none */
  readonly thresholds?: readonly { readonly label: string; readonly value: number }[];
}

const WIDTH = 12;
const HEIGHT = 6;

export function dashboardBody(widgets: readonly MetricWidget[]): string {
  return JSON.stringify({
    widgets: widgets.map((widget, index) => ({
      type: 'metric',
      x: (index % 2) * WIDTH,
      y: Math.floor(index / 2) * HEIGHT,
      width: WIDTH,
      height: HEIGHT,
      properties: {
        title: widget.title,
        region: widget.region,
        view: 'timeSeries',
        stacked: false,
        period: 300,
        metrics: widget.metrics,
        ...(widget.thresholds ? { annotations: { horizontal: widget.thresholds } } : {}),
      },
    })),
  });
}
