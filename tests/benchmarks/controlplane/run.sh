#!/usr/bin/env bash
# Builds the CLI (the real-executor parts start it) and the benchmark in Release, then runs every part.
# Extra arguments go to the benchmark, e.g. ./run.sh --only store,overhead
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
dotnet build -c Release "$root/operator/GitOpsMl.Cli/GitOpsMl.Cli.csproj" -v q -nologo
dotnet build -c Release "$root/tests/benchmarks/controlplane/GitOpsMl.ControlPlane.Benchmarks" -v q -nologo
dotnet run -c Release --no-build --project "$root/tests/benchmarks/controlplane/GitOpsMl.ControlPlane.Benchmarks" -- "$@"
