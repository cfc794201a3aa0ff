#pragma once

#include "bus/checkedbatch.h"
#include "bus/connectionstatus.h"
#include "capture/capturewriter.h"
#include "clicommand.h"
#include "events/busevent.h"
#include "tailsummary.h"
#include "textlinewriter.h"

#include <QFile>
#include <QObject>
#include <memory>
#include <optional>

namespace busmon {
class BusFeed;
}

namespace busmon::cli {

// `busmon-cli tail`: records what the bus carries as JSON Lines, flushing batch by batch so that
// a killed process loses nothing it already wrote.
class TailCommand : public QObject, public CliCommand
{
    Q_OBJECT
public:
    int run(const QStringList &arguments) override;

private:
    bool openOutput(const QString &path, bool asText);
    bool writeText(const BusEventBatch &events);
    QString writeError() const;
    void writeEvents(const BusEventBatch &events);
    void writeChecked(const CheckedBatch &batch);
    qsizetype takenOf(qsizetype received) const;
    void finishAtLimit();
    bool flushOutput();
    void failWriting(const QString &reason); // says why and ends with exit status 1
    void handleStatus(const ConnectionStatus &status);
    void recordOutage(const Outage &outage);
    void recordOpenOutage();
    bool writeOutage(const Outage &outage); // to whichever writer the format chose
    void recordRefusal(const SubscriptionRefusal &refusal);
    void finish(int exitCode);

    QFile m_output;
    std::unique_ptr<CaptureWriter> m_writer; // one of these two
    std::unique_ptr<TextLineWriter> m_textWriter;
    BusFeed *m_feed = nullptr;
    TailSummary m_summary;
    std::optional<Outage> m_openOutage; // from outageBegan until outageEnded
    QString m_displayUrl;
    QString m_lastProblem; // the last reason the connection failed, for "never connected"
    quint64 m_limit = 0;
    quint64 m_dropped = 0;
    bool m_everSubscribed = false;
    bool m_stopping = false; // finish() began
    bool m_finished = false; // nothing more is written
    bool m_writeFailed = false;
};

} // namespace busmon::cli
