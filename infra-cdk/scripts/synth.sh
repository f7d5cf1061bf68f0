#!/usr/bin/env bash
# Synthesises Spotter's CDK app offline (no AWS account, no lookups) with the pinned CDK CLI, then lints the
# CloudFormation template with cfn-lint. Called by scripts/test-all.sh after `./mvnw verify`, which builds the
# function artifacts (functions/target/spotter-<function>.jar) and infra-cdk's classes; run by hand after
# `./mvnw -B package -DskipTests` from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."

dir="${SPOTTER_FUNCTIONS_DIR:-../functions/target}"
for function in webhook provisioner interruption tick setup; do
  if [ ! -f "$dir/spotter-$function.jar" ]; then
    echo "synth: the $function function's artifact $dir/spotter-$function.jar does not exist." >&2
    echo "synth: build them first, from the repository root: ./mvnw -B package -pl functions -am -DskipTests" >&2
    exit 1
  fi
done
if [ ! -f target/classpath.txt ] || [ ! -d target/classes/dev/spotter/infra ]; then
  echo "synth: infra-cdk is not compiled (target/classpath.txt, target/classes)." >&2
  echo "synth: build it first, from the repository root: ./mvnw -B package -DskipTests" >&2
  exit 1
fi
command -v cfn-lint >/dev/null || { echo "synth: cfn-lint is not installed (pip install -r scripts/requirements-test.txt)" >&2; exit 1; }

# No account, no network calls besides npm: no version check, no notices, no telemetry, no instance metadata.
export CDK_DISABLE_VERSION_CHECK=true
export CDK_DISABLE_CLI_TELEMETRY=true
export AWS_EC2_METADATA_DISABLED=true
# jsii warns loudly on Node 20 (end of life); the app runs fine on it, and on 22/24.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION=1

echo "== npm ci (CDK CLI $(node -p 'require("./package.json").devDependencies["aws-cdk"]'))"
npm ci --no-audit --no-fund --loglevel=error

out=cdk.out
rm -rf "$out"
echo "== cdk synth -c clusterName=ci-test"
# Offline means no account either: without credentials or an endpoint the CLI skips its account lookup at once
# (test-all.sh exports moto's endpoint and dummy keys for the Java tests, which would make it wait on STS).
env -u AWS_ENDPOINT_URL -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_PROFILE \
  npx --no-install cdk synth -c clusterName=ci-test -c functionsDir="$dir" --no-notices --no-version-reporting \
  --no-lookups --output "$out" --quiet

templates=("$out"/*.template.json)
[ -f "${templates[0]}" ] || { echo "synth: no template in $out" >&2; exit 1; }
echo "== cfn-lint ${templates[*]}"
# W3005 (DependsOn already implied by a Ref/GetAtt) is ignored: CDK itself lists a function's role in DependsOn
# next to the GetAtt, so that the role's policy exists before the function. Every other warning fails the build.
cfn-lint --ignore-checks W3005 -- "${templates[@]}"
echo "== synth and cfn-lint passed"
