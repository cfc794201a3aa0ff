#include "bus/respreader.h"

#include <hiredis/read.h>

#include <algorithm>
#include <cstring>

namespace busmon {

namespace {
RespReader *readerOf(const redisReadTask *task)
{
    return static_cast<RespReader *>(task->privdata);
}

void *createString(const redisReadTask *task, char *text, size_t length)
{
    RespValue::Type type = RespValue::Type::String;
    if (task->type == REDIS_REPLY_STATUS)
        type = RespValue::Type::Status;
    else if (task->type == REDIS_REPLY_ERROR)
        type = RespValue::Type::Error;
    RespReader *reader = readerOf(task);
    RespValue *value = reader->createValue(task, type);
    // Only short elements before the last one of an array (kind, channel, pattern) repeat; the
    // last one is the payload and is always new.
    const bool isLast = task->parent && task->idx + 1 == task->parent->elements;
    if (task->parent && !isLast && length <= 128)
        reader->setInternedText(value->text, text, length);
    else if (isLast && length <= RespReader::maxReusedLength)
        RespReader::setReusedText(value->text, text, length);
    else
        value->text = QByteArray(text, qsizetype(length));
    return value;
}

void *createArray(const redisReadTask *task, int elements)
{
    RespValue *value = readerOf(task)->createValue(task, RespValue::Type::Array);
    // RespFrameGuard has already refused counts above the limit.
    value->elements.resize(size_t(qMax(elements, 0)));
    return value;
}

void *createInteger(const redisReadTask *task, long long integer)
{
    RespValue *value = readerOf(task)->createValue(task, RespValue::Type::Integer);
    value->integer = integer;
    return value;
}

void *createNil(const redisReadTask *task)
{
    return readerOf(task)->createValue(task, RespValue::Type::Nil);
}

// hiredis frees only the root, and only on errors: the root is RespReader::m_root, reset by
// createValue, so there is nothing to free.
void freeObject(void *) {}

redisReplyObjectFunctions replyFunctions{createString, createArray, createInteger, createNil, freeObject};
} // namespace

RespReader::RespReader(const RespLimits &limits)
    : m_guard(limits)
{
    reset();
}

RespReader::~RespReader()
{
    if (m_reader)
        redisReaderFree(m_reader);
}

void RespReader::reset()
{
    if (m_reader)
        redisReaderFree(m_reader);
    m_reader = redisReaderCreateWithFunctions(&replyFunctions);
    m_reader->privdata = this;
    m_guard.reset();
    m_error.clear();
    m_root = RespValue();
}

RespValue *RespReader::createValue(const void *taskPointer, RespValue::Type type)
{
    const auto *task = static_cast<const redisReadTask *>(taskPointer);
    RespValue *value = &m_root;
    if (task->parent) {
        auto *parent = static_cast<RespValue *>(task->parent->obj);
        value = &parent->elements[size_t(task->idx)];
    }
    // The previous reply's values are reused, not cleared: an element's text often is the text it
    // is about to get (a burst's kind, pattern and channel), and its buffer fits the next payload.
    // What the new type does not set is cleared.
    value->type = type;
    value->integer = 0;
    if (type != RespValue::Type::String && type != RespValue::Type::Status &&
        type != RespValue::Type::Error && !value->text.isNull())
        value->text = QByteArray();
    if (type != RespValue::Type::Array)
        value->elements.clear();
    return value;
}

void RespReader::setInternedText(QByteArray &target, const char *text, size_t length)
{
    const auto matches = [&](const QByteArray &known) {
        return size_t(known.size()) == length && std::memcmp(known.constData(), text, length) == 0;
    };
    if (!target.isNull() && matches(target))
        return; // what the same element of the previous reply said
    if (const auto it = std::find_if(m_recentTexts.begin(), m_recentTexts.end(), matches);
        it != m_recentTexts.end()) {
        target = *it;
        return;
    }
    target = QByteArray(text, qsizetype(length));
    m_recentTexts[m_nextRecent] = target;
    m_nextRecent = (m_nextRecent + 1) % m_recentTexts.size();
}

void RespReader::setReusedText(QByteArray &target, const char *text, size_t length)
{
    // Written in place when the element's buffer is its own (resize() copies one that a consumer
    // kept), and let go of after a payload above the limit.
    if (target.capacity() > qsizetype(maxReusedLength))
        target = QByteArray();
    target.resize(qsizetype(length));
    if (length > 0)
        std::memcpy(target.data(), text, length);
}

bool RespReader::feed(QByteArrayView bytes, std::vector<RespValue> &replies)
{
    return feed(bytes, [&replies](RespValue &reply) { replies.push_back(std::move(reply)); });
}

bool RespReader::feedHiredis(QByteArrayView slice)
{
    if (slice.isEmpty())
        return true;
    if (redisReaderFeed(m_reader, slice.data(), size_t(slice.size())) != REDIS_OK) {
        m_error = QStringLiteral("protocol error: %1").arg(QString::fromLatin1(m_reader->errstr));
        return false;
    }
    return true;
}

int RespReader::nextReply()
{
    void *reply = nullptr;
    if (redisReaderGetReply(m_reader, &reply) != REDIS_OK) {
        m_error = QStringLiteral("protocol error: %1").arg(QString::fromLatin1(m_reader->errstr));
        return -1;
    }
    return reply ? 1 : 0;
}

} // namespace busmon
