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
  echo
  cat <<'COMMANDS'
## Commands and what they need

Every command that opens the store first establishes who acts: the OS login's account, or
`--as LOGIN`'s (which needs `users.impersonate`), must exist and be active. The command then
needs the permissions below; a store operation checks them again inside its transaction.
`db check` verifies the audit chain only for an actor who also holds `audit.read` (`db backup`
always verifies its copy, and prints the audit head only to such an actor). A
collector (`pmops collect`, or the console's in-process one) runs as an account holding
`collector.run`, recorded in the lease and in the `collector.lease` audit row; a console
opened by anyone else only reads. `db migrate` on a store with no accounts yet only lays the
schema. `users import` plans with `users.read`; `--apply` also needs `users.manage` and
`roles.assign`, and granting `super_admin`, `admin`, `security` or `auditor` with `users add`,
`set-roles` or `onboard` needs `--yes`. An on-call override (`oncall override add|remove`,
`oncall import-ics`) is made or removed by the person covering or the person covered (each
holding `alerts.ack`), or by a team admin: `rules.manage` on the schedule's team, or
`users.manage`; the rows below name the smallest set for acting on someone else's override.
`CLICommandMatrixTests` runs every row for every role, with and without `--as`, and
fails when a command has no row here.
`set-roles` or `onboard` needs `--yes`. `CLICommandMatrixTests` runs every row for every role, with and without `--as`, and
fails when a command has no row here. Security incidents are restricted: on one, every
`incidents` command also needs `incidents.security` or a role named on the incident (the
rows below that list `incidents.security` act on a security incident); `incidents list`
and `show` print "restricted incident INC-n" instead, and `export` is refused.

| command | needs |
|---|---|
| `pmops console` | `users.read` |
| `pmops init` | an empty store (you become its first `super_admin`; `--as` refused) |
| `pmops users list` | `users.read` |
| `pmops users show` | `users.read` |
| `pmops users add` | `roles.assign`, `users.manage` |
| `pmops users set-roles` | `roles.assign` |
| `pmops users update` | `users.manage` |
| `pmops users deactivate` | `users.manage` |
| `pmops users reactivate` | `users.manage` |
| `pmops users purge-archived` | `users.manage` |
| `pmops users import` | `users.read` |
| `pmops users pending` | `users.read` |
| `pmops users onboard` | `roles.assign`, `users.manage` |
| `pmops roles list` | — (no store) |
| `pmops roles show` | — (no store) |
| `pmops audit list` | `audit.read` |
| `pmops audit verify` | `audit.read` |
| `pmops audit export` | `audit.export` |
| `pmops outbox list` | `outbox.read` |
| `pmops outbox deliver` | `outbox.deliver` |
| `pmops settings list` | `users.read` |
| `pmops settings set` | `settings.manage` |
| `pmops db migrate` | `db.admin` |
| `pmops db check` | `db.admin` |
| `pmops db info` | `users.read` |
| `pmops db backup` | `db.admin` |
| `pmops db restore` | the `super_admin` role |
| `pmops demo console` | `users.read` |
| `pmops demo seed` | the `super_admin` role |
| `pmops collect` | `collector.run` |
| `pmops metrics list` | `metrics.read` |
| `pmops metrics query` | `metrics.read` |
| `pmops rules list` | `alerts.read` |
| `pmops rules check` | — (no store) |
| `pmops alerts list` | `alerts.read` |
| `pmops alerts show` | `alerts.read` |
| `pmops alerts ack` | `alerts.ack` |
| `pmops alerts resolve` | `alerts.manage` |
| `pmops alerts close` | `alerts.manage` |
| `pmops alerts escalate` | `alerts.manage` |
| `pmops alerts assign` | `alerts.manage` |
| `pmops alerts snooze` | `alerts.ack` |
| `pmops alerts note` | `alerts.ack` |
| `pmops alerts ingest` | `alerts.manage` |
| `pmops alerts stats` | `alerts.read` |
| `pmops customers list` | `tickets.read` |
| `pmops customers show` | `tickets.read` |
| `pmops customers import` | `customers.manage` |
| `pmops customers health` | `tickets.read` |
| `pmops customers at-risk` | `tickets.read` |
| `pmops customers sweep` | `customers.manage` |
| `pmops customers onboarding` | `customers.manage` |
| `pmops customers outreach` | `customers.manage` |
| `pmops customers plan` | `customers.manage` |
| `pmops integrations list` | `changes.read` |
| `pmops integrations show` | `changes.read` |
| `pmops integrations add` | `integrations.manage` |
| `pmops integrations set` | `integrations.manage` |
| `pmops integrations deprecate` | `integrations.manage` |
| `pmops integrations deprecations` | `changes.read` |
| `pmops integrations advance` | `integrations.manage` |
| `pmops integrations review` | `integrations.review` |
| `pmops tickets list` | `tickets.read` |
| `pmops tickets show` | `tickets.read` |
| `pmops tickets open` | `tickets.manage` |
| `pmops tickets note` | `tickets.manage` |
| `pmops tickets reply` | `tickets.manage` |
| `pmops tickets assign` | `tickets.manage` |
| `pmops tickets status` | `tickets.manage` |
| `pmops tickets priority` | `tickets.manage` |
| `pmops tickets link` | `tickets.manage` |
| `pmops tickets parent` | `tickets.manage` |
| `pmops tickets resolve` | `tickets.manage` |
| `pmops tickets close` | `tickets.manage` |
| `pmops tickets reopen` | `tickets.manage` |
| `pmops tickets csat` | `tickets.manage` |
| `pmops tickets stats` | `tickets.read` |
| `pmops kb list` | `tickets.read` |
| `pmops kb search` | `tickets.read` |
| `pmops kb show` | `tickets.read` |
| `pmops kb add` | `tickets.manage` |
| `pmops kb edit` | `tickets.manage` |
| `pmops tickets mail-in` | `tickets.manage` |
| `pmops tickets quarantine` | `tickets.read` |
| `pmops billing ingest` | `billing.manage` |
| `pmops billing spool` | `billing.manage` |
| `pmops billing events` | `billing.read` |
| `pmops billing event` | `billing.read` |
| `pmops billing dunning` | `billing.read` |
| `pmops billing disputes` | `billing.read` |
| `pmops billing link` | `billing.manage` |
| `pmops billing reconcile` | `billing.read` |
| `pmops billing revenue` | `billing.read` |
| `pmops incidents list` | `incidents.read` |
| `pmops incidents show` | `incidents.read` |
| `pmops incidents declare` | `incidents.manage` |
| `pmops incidents status` | `incidents.manage` |
| `pmops incidents severity` | `incidents.manage` |
| `pmops incidents role` | `incidents.manage` |
| `pmops incidents note` | `incidents.manage` |
| `pmops incidents pin` | `incidents.manage` |
| `pmops incidents link` | `incidents.manage` |
| `pmops incidents unlink` | `incidents.manage` |
| `pmops incidents checklist` | `incidents.manage`, `incidents.security` |
| `pmops incidents evidence add` | `incidents.manage`, `incidents.security` |
| `pmops incidents evidence transfer` | `incidents.manage`, `incidents.security` |
| `pmops incidents evidence custody` | `incidents.read`, `incidents.security` |
| `pmops incidents evidence verify` | `incidents.read`, `incidents.security` |
| `pmops incidents breach` | `incidents.manage`, `incidents.security` |
| `pmops incidents postmortem` | `incidents.manage` |
| `pmops incidents actions list` | `incidents.read` |
| `pmops incidents actions add` | `incidents.manage` |
| `pmops incidents actions done` | `incidents.manage` |
| `pmops incidents export` | `incidents.read` |
| `pmops incidents stats` | `incidents.read` |
| `pmops changes record` | `changes.record` |
| `pmops changes list` | `changes.read` |
| `pmops kpi` | `metrics.read` |
| `pmops deploys start` | `deploys.record` |
| `pmops deploys component` | `deploys.record` |
| `pmops deploys finish` | `deploys.record` |
| `pmops deploys rollback` | `deploys.record` |
| `pmops deploys link-incident` | `deploys.record` |
| `pmops deploys list` | `changes.read` |
| `pmops deploys show` | `changes.read` |
| `pmops deploys stats` | `changes.read` |
| `pmops deploys check-config` | — (no store) |
| `pmops flags list` | `changes.read` |
| `pmops flags show` | `changes.read` |
| `pmops flags create` | `flags.manage` |
| `pmops flags set` | `flags.manage` |
| `pmops flags rollout` | `flags.manage` |
| `pmops flags kill` | `flags.manage` |
| `pmops flags eval` | `changes.read` |
| `pmops flags export` | `changes.read` |
| `pmops flags stale` | `changes.read` |
| `pmops config keys` | — (no store) |
| `pmops config show` | `changes.read` |
| `pmops config draft` | `config.propose` |
| `pmops config set` | `config.propose` |
| `pmops config approve` | `config.approve` |
| `pmops config reject` | `config.approve` |
| `pmops config apply` | `config.propose` |
| `pmops config verify` | `config.propose` |
| `pmops config rollback` | `config.propose` |
| `pmops config diff` | `changes.read` |
| `pmops config export` | `changes.read` |
| `pmops config policies` | `changes.read` |
| `pmops alerts tick` | `collector.run` |
| `pmops silences add` | `silences.manage` |
| `pmops silences list` | `alerts.read` |
| `pmops silences expire` | `silences.manage` |
| `pmops routing show` | `alerts.read` |
| `pmops routing check` | `users.read` |
| `pmops routing load` | `rules.manage` |
| `pmops oncall now` | `alerts.read` |
| `pmops oncall schedule list` | `alerts.read` |
| `pmops oncall schedule show` | `alerts.read` |
| `pmops oncall schedule check` | `alerts.read` |
| `pmops oncall schedule load` | `rules.manage` |
| `pmops oncall override add` | `alerts.ack`, `alerts.read` |
| `pmops oncall override list` | `alerts.read` |
| `pmops oncall override remove` | `alerts.read`, `users.manage` |
| `pmops oncall handoff` | `alerts.read` |
| `pmops oncall report` | `alerts.read` |
| `pmops oncall export` | `alerts.read` |
| `pmops oncall import-ics` | `alerts.read`, `users.manage` |
| `pmops bench store` | — (no store) |
| `pmops bench store-fixture` | — (no store) |
| `pmops bench console` | `users.read` |
| `pmops bench console-vs-htop` | — (no store) |
| `pmops bench footprint` | — (no store) |
| `pmops bench alert-queue` | — (no store) |
| `pmops bench alert-ingest` | — (no store) |
| `pmops bench mail-in` | — (no store) |
| `pmops bench staff-import` | — (no store) |
| `pmops bench tickets` | — (no store) |
| `pmops bench oncall` | — (no store) |
| `pmops bench incidents` | — (no store) |
| `pmops bench incidents-pane` | — (no store) |
| `pmops bench flags` | — (no store) |
| `pmops bench config` | — (no store) |
| `pmops bench billing-ingest` | — (no store) |
| `pmops bench changes-pane` | — (no store) |
| `pmops bench health-scores` | — (no store) |
| `pmops debug keys` | — (no store) |
| `pmops debug render` | `users.read` |
| `pmops help` | — (no store) |
COMMANDS
} > Docs/ROLES.md
