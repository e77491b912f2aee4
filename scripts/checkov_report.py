"""Helper of scripts/checkov.sh, run by the checkov virtualenv's Python.

  prepare OUT STACK_JSON...   copy each cdktf.out/stacks/<stack>/cdk.tf.json to
                              OUT/<stack>/cdk.tf.json in the form checkov parses
  skip-ids CONFIG             print the skip-check ids of a checkov config, comma-separated
  summarize RESULTS SKIPPED STACK_JSON...
                              print passed/failed/skipped per stack and every failed
                              check; exit 0 when clean, 1 on failed checks, 3 when a
                              stack was not scanned
"""

import json
import sys
from collections import Counter
from pathlib import Path

import yaml

EXIT_FAILED = 1
EXIT_NOT_SCANNED = 3


def prepare(out: str, stack_files: list[str]) -> None:
    for stack_file in stack_files:
        path = Path(stack_file)
        document = json.loads(path.read_text(encoding="utf-8"))
        # checkov 3.3.30's terraform_json parser aborts on a string directly under
        # `terraform` (bridgecrewio/checkov#7454); no check reads required_version.
        document.get("terraform", {}).pop("required_version", None)
        target = Path(out, path.parent.name, path.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Same layout as cdktf's output, so resource line numbers stay those of the original.
        target.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def skip_ids(config: str) -> None:
    settings = yaml.safe_load(Path(config).read_text(encoding="utf-8")) or {}
    print(",".join(settings.get("skip-check") or []))


def load_report(path: str) -> dict:
    """checkov's JSON report: one object per framework, a list when several ran, `{}`-ish when nothing did."""
    text = Path(path).read_text(encoding="utf-8").strip()
    data = json.loads(text) if text else {}
    reports = data if isinstance(data, list) else [data]
    merged: dict = {"passed_checks": [], "failed_checks": [], "parsing_errors": []}
    for report in reports:
        for key in merged:
            merged[key].extend(report.get("results", {}).get(key, []))
    merged["version"] = next((r["summary"].get("checkov_version") for r in reports if "summary" in r), "?")
    return merged


def stack_of(record: dict) -> str:
    """`/storytime-dev/cdk.tf.json` → `storytime-dev`."""
    return record["file_path"].strip("/").split("/")[0]


def construct_path(document: dict, resource: str) -> str:
    """Construct path of a checkov resource id (`aws_s3_bucket.x` or, for some checks, `resource.x`)."""
    kind, _, name = resource.partition(".")
    resources = document.get("resource", {})
    for resource_type, by_name in resources.items():
        if name in by_name and kind in (resource_type, "resource"):
            path = by_name[name].get("//", {}).get("metadata", {}).get("path", "?")
            return f"{resource_type}.{name} ({path})"
    return resource


def summarize(results_file: str, skipped_file: str, stack_files: list[str]) -> int:
    results = load_report(results_file)
    skipped = load_report(skipped_file) if skipped_file != "-" else {"passed_checks": [], "failed_checks": []}
    documents = {Path(f).parent.name: json.loads(Path(f).read_text(encoding="utf-8")) for f in stack_files}

    passed = Counter(stack_of(r) for r in results["passed_checks"])
    failed = Counter(stack_of(r) for r in results["failed_checks"])
    # A check skipped by the config is not run, so its results come from a second run of those checks only.
    skips = Counter(stack_of(r) for r in skipped["passed_checks"] + skipped["failed_checks"])
    parse_errors = {Path(p).parent.name for p in results["parsing_errors"]}

    status = 0
    print(f"checkov {results['version']} (terraform_json)")
    for stack in documents:
        print(f"checkov {stack}: passed {passed[stack]}, failed {failed[stack]}, skipped {skips[stack]}")
        if stack in parse_errors or passed[stack] + failed[stack] + skips[stack] == 0:
            print(f"checkov {stack}: NOT SCANNED (checkov could not parse cdktf.out/stacks/{stack}/cdk.tf.json)")
            status = EXIT_NOT_SCANNED
    for record in sorted(results["failed_checks"], key=lambda r: (stack_of(r), r["check_id"], r["resource"])):
        stack = stack_of(record)
        first, last = record.get("file_line_range", [0, 0])
        print(f"FAILED {stack} {record['check_id']}: {record['check_name']}")
        print(f"  {construct_path(documents.get(stack, {}), record['resource'])}, cdktf.out/stacks/{stack}/cdk.tf.json:{first}-{last}")
    if results["failed_checks"] and status == 0:
        status = EXIT_FAILED
    return status


def main(argv: list[str]) -> int:
    command, args = argv[0], argv[1:]
    if command == "prepare":
        prepare(args[0], args[1:])
        return 0
    if command == "skip-ids":
        skip_ids(args[0])
        return 0
    if command == "summarize":
        return summarize(args[0], args[1], args[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
