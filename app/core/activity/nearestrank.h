#pragma once

#include <optional>
#include <vector>

namespace busmon {

// The nearest-rank percentile: the smallest value such that at least `percent` per cent of the
// values are at or below it, i.e. the ceil(percent/100 × n)-th smallest (the 1st for percent 0).
// Always one of the values, never an interpolation. Reorders `values` (a partial sort).
// nullopt when there are none.
std::optional<double> nearestRankPercentile(std::vector<double> &values, int percent);

} // namespace busmon
