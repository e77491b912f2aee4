#!/bin/sh
# `storytime state:migrate`, for callers that start it by this path (the emulator suite).
exec sh "$(dirname "$0")/storytime.sh" state:migrate "$@"
