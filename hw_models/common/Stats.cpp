// SPDX-License-Identifier: Apache-2.0
#include "hw_models/common/Stats.h"
