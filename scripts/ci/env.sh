# Sourced by the CI scripts: no telemetry, no install analytics, from any tool of the build.
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 SCARF_ANALYTICS=false
