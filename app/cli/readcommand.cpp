#include "readcommand.h"

#include "capture/captureexporter.h"
#include "capture/capturefilter.h"
#include "capture/captureinput.h"
#include "capture/capturereader.h"
#include "capture/captureredactor.h"
#include "capture/capturewriter.h"
#include "capture/wholewrite.h"
#include "clioutput.h"
#include "events/isodatetime.h"
#include "textlinewriter.h"

#include <QCommandLineParser>

#include <cerrno>
#include <cstdio>

namespace busmon::cli {

ReadCommand::ReadCommand() = default;
ReadCommand::~ReadCommand() = default;

int ReadCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print the messages of a capture (plain or .gz; '-' reads standard input) that pass a filter "
        "written in the window's filter language.\nExit status: 0 done, 1 the capture cannot be read, "
        "2 a bad filter or command line."));
    parser.addHelpOption();
    const QCommandLineOption filterOption(
        {QStringLiteral("f"), QStringLiteral("filter")},
        QStringLiteral("Only messages that pass this filter (as in the window's filter bar)."),
        QStringLiteral("expr"));
    const QCommandLineOption formatOption(
        QStringLiteral("format"),
        QStringLiteral("jsonl (default): capture lines; text: one aligned line a message; csv: time, "
                       "channel, kind, user, summary, problems (RFC 4180)."),
        QStringLiteral("format"), QStringLiteral("jsonl"));
    const QCommandLineOption redactOption(
        QStringLiteral("redact"),
        QStringLiteral("Mask client_key, ip and fingerprint (and --mask fields) in the payloads."));
    const QCommandLineOption maskOption(QStringLiteral("mask"),
                                        QStringLiteral("With --redact: mask this field too (repeatable)."),
                                        QStringLiteral("field"));
    const QCommandLineOption pseudonymOption(
        QStringLiteral("pseudonymize"),
        QStringLiteral("With --redact: replace each username by a stable pseudonym (user-1, user-2…)."));
    parser.addOptions({filterOption, formatOption, redactOption, maskOption, pseudonymOption});
    parser.addPositionalArgument(QStringLiteral("capture"), QStringLiteral("The capture to read, or -."));
    parser.process(arguments);

    if (parser.positionalArguments().size() != 1) {
        CliOutput::error(QStringLiteral("read takes one capture file (or - for standard input)"));
        return 2;
    }
    const QString format = parser.value(formatOption);
    if (format == QLatin1String("jsonl"))
        m_format = Format::Jsonl;
    else if (format == QLatin1String("text"))
        m_format = Format::Text;
    else if (format == QLatin1String("csv"))
        m_format = Format::Csv;
    else {
        CliOutput::error(QStringLiteral("--format is jsonl, text or csv"));
        return 2;
    }
    const FilterExpression expression = FilterExpression::parse(parser.value(filterOption));
    if (!expression.isValid()) {
        CliOutput::error(QStringLiteral("bad filter: %1").arg(expression.errorMessage()));
        return 2;
    }
    if (parser.isSet(redactOption)) {
        CaptureRedactor::Options options;
        options.maskedFields += parser.values(maskOption);
        options.pseudonymizeUsers = parser.isSet(pseudonymOption);
        m_redactor = std::make_unique<CaptureRedactor>(options);
    }

    const QString path = parser.positionalArguments().constFirst();
    CaptureInput input;
    if (!input.open(path)) {
        CliOutput::error(input.errorString());
        return 1;
    }
    m_output.open(stdout, QIODevice::WriteOnly);
    if (m_format == Format::Csv)
        m_output.write(csvHeader());
    else if (m_format == Format::Jsonl && m_redactor)
        m_output.write(m_redactor->header().line());

    CaptureReader reader(input.device());
    // A capture line holds no summary: it is made only where it is printed or filtered on.
    reader.setSummaries(m_format != Format::Jsonl || expression.readsSummary());
    CaptureFilter filter(expression);
    QList<StoredEvent::Entry> block;
    block.reserve(CaptureFilter::blockSize);
    const auto writeBlock = [&] {
        const std::vector<char> passing = filter.matches(block);
        for (qsizetype i = 0; i < block.size(); ++i) {
            if (passing[static_cast<size_t>(i)] && !writeEntry(block.at(i)))
                return false;
        }
        block.clear();
        return true;
    };
    bool more = true;
    while (more) {
        switch (reader.readNext()) {
        case CaptureReader::Entry::Event:
            block.append(reader.takeEvent());
            break;
        case CaptureReader::Entry::Outage:
            block.append(reader.outage());
            break;
        case CaptureReader::Entry::Error:
            CliOutput::error(QStringLiteral("%1: skipped %2").arg(path, reader.errorString()));
            break;
        case CaptureReader::Entry::End:
            more = false;
            break;
        }
        if ((block.size() >= CaptureFilter::blockSize || !more) && !writeBlock())
            return outputFailed();
    }
    if (!WholeWrite::flush(m_output)) {
        m_outputErrno = errno;
        return outputFailed();
    }
    if (const QString error = input.readError(); !error.isEmpty()) {
        CliOutput::error(QStringLiteral("%1: %2").arg(path, error));
        return 1;
    }
    return 0;
}

// The reader went away (head -n 10, with SIGPIPE ignored): not an error of ours. Anything else
// (a full disk) is, or the caller would take a cut-off output for all there was.
int ReadCommand::outputFailed() const
{
    if (m_outputErrno == EPIPE)
        return 0;
    CliOutput::error(QStringLiteral("cannot write the output: %1").arg(m_output.errorString()));
    return 1;
}

bool ReadCommand::writeEntry(const StoredEvent::Entry &entry)
{
    QByteArray line;
    if (const auto *outage = std::get_if<Outage>(&entry)) {
        if (m_format == Format::Csv)
            return true; // a table of messages: a gap is no row of it
        line = m_format == Format::Text ? TextLineWriter::outageLine(*outage)
                                        : CaptureWriter::outageLine(*outage);
    } else {
        const BusEvent &read = std::get<BusEvent>(entry);
        const BusEvent event = m_redactor ? m_redactor->redact(read) : read;
        switch (m_format) {
        case Format::Jsonl:
            line = CaptureWriter::line(event);
            break;
        case Format::Text:
            line = TextLineWriter::line(event);
            break;
        case Format::Csv:
            line = csvLine(event);
            break;
        }
    }
    if (WholeWrite::to(m_output, line))
        return true;
    m_outputErrno = errno;
    return false;
}

QByteArray ReadCommand::csvHeader()
{
    return QByteArrayLiteral("time,channel,kind,user,summary,problems\r\n");
}

QByteArray ReadCommand::csvLine(const BusEvent &event)
{
    QByteArray out;
    out += IsoDateTime::formatUtcMs(event.receivedMs);
    out += ',';
    CaptureExporter::appendCsvField(out, QString::fromUtf8(event.channel));
    out += ',';
    const QLatin1StringView kind = eventKindName(event.kind);
    out += QByteArrayView(kind.data(), kind.size());
    out += ',';
    CaptureExporter::appendCsvField(out, event.username);
    out += ',';
    CaptureExporter::appendCsvField(out, event.summary);
    out += ',';
    CaptureExporter::appendCsvField(out, event.problems.join(QStringLiteral("; ")));
    out += "\r\n";
    return out;
}

} // namespace busmon::cli
