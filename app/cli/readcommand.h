#pragma once

#include "capture/storedevent.h"
#include "clicommand.h"

#include <QFile>

#include <memory>
#include <optional>

namespace busmon {
class CaptureRedactor;
}

namespace busmon::cli {

// `busmon-cli read CAPTURE [--filter EXPR] [--format jsonl|text|csv] [--redact]`: prints the messages
// of a capture that pass a filter in the window's language, as `tshark -r -Y` does for packets.
class ReadCommand : public CliCommand
{
public:
    ReadCommand();
    ~ReadCommand() override;
    int run(const QStringList &arguments) override;

private:
    enum class Format { Jsonl, Text, Csv };
    bool writeEntry(const StoredEvent::Entry &entry);
    int outputFailed() const; // the exit status after a write to the output failed
    static QByteArray csvLine(const BusEvent &event);
    static QByteArray csvHeader();

    Format m_format = Format::Jsonl;
    QFile m_output;
    int m_outputErrno = 0; // of the write that failed
    std::unique_ptr<CaptureRedactor> m_redactor;
};

} // namespace busmon::cli
