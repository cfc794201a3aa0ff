#pragma once

#include <QRandomGenerator>
#include <QString>
#include <iterator>

namespace busmon {

// The simulator's only source of chance: seeded, so one seed always gives the same traffic.
class SimRandom
{
public:
    explicit SimRandom(quint32 seed)
        : m_generator(seed)
    {}

    int below(int bound) { return static_cast<int>(m_generator.bounded(static_cast<quint32>(bound))); }
    int between(int lowest, int highest) { return lowest + below(highest - lowest + 1); }
    bool chance(double probability) { return m_generator.generateDouble() < probability; }
    double uniform() { return m_generator.generateDouble(); }

    template<typename Container> const auto &pick(const Container &items)
    {
        return items[static_cast<size_t>(below(static_cast<int>(std::size(items))))];
    }

    QString hex(int digits);
    QString uuid(); // version 4, lower case
    QString ipv4(); // from the documentation ranges, never a real host

private:
    QRandomGenerator m_generator;
};

} // namespace busmon
