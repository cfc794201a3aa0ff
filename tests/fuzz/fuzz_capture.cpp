// The capture line reader: CaptureReader on any file handed to `replay` or opened in the window.
// Besides crashes, leaks and sanitizer reports it checks:
// - each bad line is reported with its line number;
// - what was read is written back by CaptureWriter and read again unchanged: the line written from
//   a read entry, read and written again, is the same bytes (payloads and channels byte-exact).
#include "capture/capturereader.h"
#include "capture/capturewriter.h"
#include "fuzzinput.h"

#include <QBuffer>

using namespace busmon;

namespace {

QByteArray lineOf(const CaptureReader &reader, CaptureReader::Entry entry)
{
    return entry == CaptureReader::Entry::Event ? CaptureWriter::line(reader.event())
                                                : CaptureWriter::outageLine(reader.outage());
}

// Reads a capture, checking that each bad line is named by its number; returns the lines
// CaptureWriter writes for the entries read.
QByteArray readAndWrite(QByteArray bytes, bool expectErrors)
{
    QBuffer device(&bytes);
    device.open(QIODevice::ReadOnly);
    CaptureReader reader(&device);
    QByteArray written;
    for (;;) {
        const CaptureReader::Entry entry = reader.readNext();
        if (entry == CaptureReader::Entry::End)
            return written;
        if (entry == CaptureReader::Entry::Error) {
            BUSMON_FUZZ_CHECK(expectErrors, "a written line was refused: " + reader.errorString().toUtf8());
            BUSMON_FUZZ_CHECK(
                reader.errorString().startsWith(QStringLiteral("line %1: ").arg(reader.lineNumber())),
                reader.errorString().toUtf8());
            continue;
        }
        written += lineOf(reader, entry);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fuzz::FuzzInput input(data, size);
    const QByteArray written = readAndWrite(input.bytes.toByteArray(), true);
    // What was read, written and read again, is written the same: nothing lost or changed.
    const QByteArray again = readAndWrite(written, false);
    BUSMON_FUZZ_CHECK(again == written, written + "\nwritten again:\n" + again);
    return 0;
}
