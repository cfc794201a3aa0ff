#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <initializer_list>

namespace busmon {

// A command as a RESP array of bulk strings: binary safe, whatever the arguments hold.
class RespCommand
{
public:
    static QByteArray encode(std::initializer_list<QByteArrayView> arguments);
    // Appends to `out`, for pipelining many commands into one write.
    static void append(QByteArray &out, std::initializer_list<QByteArrayView> arguments);
    template<typename List>
    static void appendList(QByteArray &out, QByteArrayView command, const List &arguments)
    {
        appendHeader(out, '*', arguments.size() + 1);
        appendBulk(out, command);
        for (const auto &argument : arguments)
            appendBulk(out, argument);
    }

private:
    static void appendHeader(QByteArray &out, char type, qint64 size);
    static void appendBulk(QByteArray &out, QByteArrayView argument);
};

} // namespace busmon
