#pragma once

namespace busmon {

// Registers the value types that cross threads by queued signal. Safe to call more than once.
void registerBusMetaTypes();

} // namespace busmon
