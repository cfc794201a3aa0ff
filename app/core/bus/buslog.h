#pragma once

#include <QLoggingCategory>

namespace busmon {

Q_DECLARE_LOGGING_CATEGORY(lcBus)

} // namespace busmon
