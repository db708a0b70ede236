/**
 * Parses every alert expression of the chart's PrometheusRule with Prometheus's own PromQL grammar (the Lezer parser
 * the Prometheus UI uses), so a rule with a syntax error fails the chart check instead of the operator's Prometheus.
 * Reads the rendered PrometheusRule as JSON on stdin (check-chart.sh converts the YAML). Exits 1 naming each bad rule.
 */
import { readFileSync } from 'node:fs';
import { parser } from '@prometheus-io/lezer-promql';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
}

const doc = JSON.parse(readFileSync(0, 'utf8')) as { spec: { groups: Array<{ name: string; rules: Rule[] }> } };
const problems: string[] = [];
let count = 0;
for (const group of doc.spec.groups) {
  for (const rule of group.rules) {
    count++;
    const tree = parser.parse(rule.expr);
    tree.iterate({
      enter: (node) => {
        if (node.type.isError)
          problems.push(
            `${rule.alert ?? rule.record}: syntax error at ${node.from}: ${rule.expr.slice(node.from, node.from + 40)}`,
          );
      },
    });
  }
}
if (count === 0) problems.push('the PrometheusRule has no rules');
if (problems.length) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`${count} alert expressions parse as PromQL\n`);
