#include "activity/nearestrank.h"

#include <algorithm>

namespace busmon {

std::optional<double> nearestRankPercentile(std::vector<double> &values, int percent)
{
    if (values.empty())
        return std::nullopt;
    const auto count = static_cast<long long>(values.size());
    const long long rank = std::clamp((std::clamp(percent, 0, 100) * count + 99) / 100, 1LL, count);
    const auto nth = values.begin() + (rank - 1);
    std::nth_element(values.begin(), nth, values.end());
    return *nth;
}

} // namespace busmon
