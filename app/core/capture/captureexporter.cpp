#include "capture/captureexporter.h"

#include "capture/backgroundfilewriter.h"
#include "capture/capturewriter.h"
#include "capture/storedevent.h"
#include "events/isodatetime.h"
#include "store/eventstore.h"
#include "store/eventtablemodel.h"

#include <QAbstractItemModel>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <numeric>

namespace busmon {

CaptureExporter::CaptureExporter(const EventStore *store, const QAbstractItemModel *table,
                                 std::vector<quint64> rowIds, const QString &path, const Options &options,
                                 QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_table(table)
    , m_rowIds(std::move(rowIds))
    , m_options(options)
    , m_writer(std::make_unique<BackgroundFileWriter>(path, options.compress))
    , m_timer(new QTimer(this))
{
    qRegisterMetaType<Result>();
    if (options.redaction)
        m_redactor = std::make_unique<CaptureRedactor>(*options.redaction);
    m_timer->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, &CaptureExporter::runSlice);
}

CaptureExporter::~CaptureExporter() = default;

std::vector<quint64> CaptureExporter::allRowIds(const EventStore &store)
{
    std::vector<quint64> ids(static_cast<size_t>(store.size()));
    std::iota(ids.begin(), ids.end(), store.firstRowId());
    return ids;
}

void CaptureExporter::start()
{
    m_writer->start();
    QByteArray head;
    if (m_options.format == Format::Csv) {
        for (qsizetype i = 0; i < m_options.csvColumns.size(); ++i) {
            if (i > 0)
                head += ',';
            appendCsvField(head, m_table->headerData(m_options.csvColumns.at(i), Qt::Horizontal).toString());
        }
        head += "\r\n";
    } else if (m_redactor) {
        head = m_redactor->header().line();
    }
    if (!head.isEmpty())
        m_writer->write(head);
    m_timer->start();
}

bool CaptureExporter::isRunning() const
{
    return m_timer->isActive();
}

void CaptureExporter::cancel()
{
    if (isRunning())
        complete(true);
}

void CaptureExporter::runSlice()
{
    if (m_writer->hasFailed()) {
        complete(false); // the reason comes from finish()
        return;
    }
    if (!m_writer->wantsMore())
        return; // the disk is behind: the next turn
    QElapsedTimer clock;
    clock.start();
    const size_t end = std::min(m_rowIds.size(), m_next + static_cast<size_t>(m_sliceRows));
    QByteArray out;
    for (; m_next < end; ++m_next) {
        const int index = m_store->indexOfRowId(m_rowIds[m_next]);
        if (index < 0) {
            ++m_result.skipped;
            continue;
        }
        appendRow(out, index);
        ++m_result.rows;
    }
    m_writer->write(std::move(out));
    const qint64 ns = std::max<qint64>(clock.nsecsElapsed(), 1);
    m_sliceRows =
        static_cast<int>(std::clamp<qint64>(m_sliceRows * sliceTargetMs * 1'000'000 / ns, 256, 65536));
    emit progress(m_rowIds.empty() ? 100 : static_cast<int>(m_next * 100 / m_rowIds.size()));
    if (isRunning() && m_next >= m_rowIds.size()) // not when progress() cancelled it
        complete(false);
}

void CaptureExporter::appendRow(QByteArray &out, int index)
{
    if (m_options.format == Format::Csv)
        return appendCsvRow(out, index);
    const StoredEvent::Entry entry = StoredEvent::at(*m_store, index);
    if (const auto *outage = std::get_if<Outage>(&entry))
        out += CaptureWriter::outageLine(*outage);
    else if (m_redactor)
        out += CaptureWriter::line(m_redactor->redact(std::get<BusEvent>(entry)));
    else
        out += CaptureWriter::line(std::get<BusEvent>(entry));
}

void CaptureExporter::appendCsvRow(QByteArray &out, int index)
{
    const StoredRow row = m_store->row(index);
    std::optional<BusEvent> redacted;
    if (m_redactor && !row.isGap())
        redacted = m_redactor->redact(std::get<BusEvent>(StoredEvent::at(*m_store, index)));
    for (qsizetype i = 0; i < m_options.csvColumns.size(); ++i) {
        const int column = m_options.csvColumns.at(i);
        if (i > 0)
            out += ',';
        QString text;
        if (column == EventTableModel::TimeColumn)
            text = QString::fromLatin1(IsoDateTime::formatUtcMs(row.receivedMs));
        else if (redacted && column == EventTableModel::ChannelColumn)
            text = QString::fromUtf8(redacted->channel);
        else if (redacted && column == EventTableModel::UserColumn)
            text = redacted->username;
        else
            text = m_table->index(index, column).data().toString();
        if (redacted && column == EventTableModel::SummaryColumn)
            text = m_redactor->scrub(text);
        appendCsvField(out, text);
    }
    out += "\r\n";
}

void CaptureExporter::appendCsvField(QByteArray &out, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    if (!utf8.contains(',') && !utf8.contains('"') && !utf8.contains('\n') && !utf8.contains('\r')) {
        out += utf8;
        return;
    }
    out += '"';
    for (const char c : utf8) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

void CaptureExporter::complete(bool cancelled)
{
    m_timer->stop();
    m_result.cancelled = cancelled;
    m_result.ok = m_writer->finish(cancelled, &m_result.error);
    emit finished(m_result);
}

} // namespace busmon
