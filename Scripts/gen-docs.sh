#!/usr/bin/env bash
# Regenerates Docs/ROLES.md from the code (RoleMatrix). Usage: Scripts/gen-docs.sh [path-to-pmops]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/debug/pmops}"
{
  echo "# Roles and permissions"
  echo
  echo "Generated from \`RoleMatrix\` by \`pmops roles list --markdown\` (Scripts/gen-docs.sh); a test fails when this file and the code differ."
  echo "Staff may hold several roles; their permissions add up. Only a \`super_admin\` grants or revokes \`admin\` and \`super_admin\`, and nobody grants or revokes a role holding a permission they lack (so admins, who must not read the audit trail, cannot grant \`security\` or \`auditor\`)."
  echo
  echo "Separation of duty (setting \`sod.pairs\`, default \`admin+auditor,finance+support\`, changed only by a \`super_admin\`): nobody may hold both roles of a pair, and \`super_admin\` counts as \`admin\` there."
  echo
  echo "<!-- matrix:begin -->"
  "$bin" roles list --markdown
  echo "<!-- matrix:end -->"
} > Docs/ROLES.md
