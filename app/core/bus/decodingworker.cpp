#include "bus/decodingworker.h"

#include "events/eventdecoder.h"

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace busmon {

void DecodingWorker::decode(const RawEventBatch &raw)
{
    BusEventBatch events = raw.toEvents();
    const auto parts = m_summarize ? EventDecoder::Parts::All : EventDecoder::Parts::WithoutSummary;
    EventDecoder::decode(events, parts);
    emit decoded(events);
}

void DecodingWorker::yieldToSocketThread()
{
#ifdef Q_OS_LINUX
    // On Linux a nice value applies to one thread. Nice 10 weighs about a tenth of nice 0: the
    // decoder still makes progress under load, unlike QThread::IdlePriority (SCHED_IDLE).
    setpriority(PRIO_PROCESS, id_t(gettid()), 10);
#endif
}

} // namespace busmon
