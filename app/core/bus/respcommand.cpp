#include "bus/respcommand.h"

#include <charconv>

namespace busmon {

QByteArray RespCommand::encode(std::initializer_list<QByteArrayView> arguments)
{
    QByteArray out;
    append(out, arguments);
    return out;
}

void RespCommand::append(QByteArray &out, std::initializer_list<QByteArrayView> arguments)
{
    appendHeader(out, '*', qint64(arguments.size()));
    for (QByteArrayView argument : arguments)
        appendBulk(out, argument);
}

void RespCommand::appendHeader(QByteArray &out, char type, qint64 size)
{
    char buffer[24];
    buffer[0] = type;
    const auto result = std::to_chars(buffer + 1, buffer + sizeof(buffer) - 2, size);
    char *end = result.ptr;
    *end++ = '\r';
    *end++ = '\n';
    out.append(buffer, end - buffer);
}

void RespCommand::appendBulk(QByteArray &out, QByteArrayView argument)
{
    appendHeader(out, '$', argument.size());
    out.append(argument.data(), argument.size());
    out.append("\r\n", 2);
}

} // namespace busmon
