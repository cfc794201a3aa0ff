#include "bus/buslog.h"

namespace busmon {

Q_LOGGING_CATEGORY(lcBus, "busmon.bus")

} // namespace busmon
