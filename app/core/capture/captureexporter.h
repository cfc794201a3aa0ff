#pragma once

#include "capture/captureredactor.h"

#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

class QAbstractItemModel;
class QTimer;

namespace busmon {

class BackgroundFileWriter;
class EventStore;

// Saves rows of a store to a file in the background: as a capture (JSON Lines, what `tail` writes and
// the window opens; optionally gzip-compressed) or as CSV (the given table columns as shown, RFC 4180
// quoting, times in full ISO-8601). The rows are named by id when it starts (a whole session, or what
// a tab shows); a row evicted meanwhile is skipped and counted. Lines are made on the calling (GUI)
// thread in slices of about sliceTargetMs, one per turn of the event loop, and written, compressed
// and renamed into place on a thread of its own (BackgroundFileWriter): a crash or a full disk never
// leaves a half-written file under the chosen name.
class CaptureExporter : public QObject
{
    Q_OBJECT
public:
    enum class Format { Capture, Csv };
    struct Options
    {
        Format format = Format::Capture;
        bool compress = false; // gzip
        std::optional<CaptureRedactor::Options> redaction;
        QList<int> csvColumns; // EventTableModel columns, in order
    };
    struct Result
    {
        bool ok = false;
        bool cancelled = false;
        qint64 rows = 0;
        qint64 skipped = 0; // evicted before their turn
        QString error;      // "No space left on device"
    };
    static constexpr qint64 sliceTargetMs = 20;

    // `table` gives the CSV cells (an EventTableModel over `store`); unused for a capture.
    CaptureExporter(const EventStore *store, const QAbstractItemModel *table, std::vector<quint64> rowIds,
                    const QString &path, const Options &options, QObject *parent = nullptr);
    ~CaptureExporter() override;

    static std::vector<quint64> allRowIds(const EventStore &store);
    // RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled.
    static void appendCsvField(QByteArray &out, const QString &text);

    void start();
    void cancel();
    bool isRunning() const;
    const Result &result() const { return m_result; }

signals:
    void progress(int percent);
    void finished(const busmon::CaptureExporter::Result &result);

private:
    void runSlice();
    void appendRow(QByteArray &out, int index);
    void appendCsvRow(QByteArray &out, int index);
    void complete(bool cancelled);

    const EventStore *m_store;
    const QAbstractItemModel *m_table;
    std::vector<quint64> m_rowIds;
    size_t m_next = 0;
    Options m_options;
    std::unique_ptr<CaptureRedactor> m_redactor;
    std::unique_ptr<BackgroundFileWriter> m_writer;
    QTimer *m_timer;
    int m_sliceRows = 2048;
    Result m_result;
};

} // namespace busmon

Q_DECLARE_METATYPE(busmon::CaptureExporter::Result)
