#pragma once

class QWidget;

namespace busmon {

struct PublishConfirmation;

// The question asked before anything is published from the window (compose, Send again, Replay
// to…): the core's PublishConfirmation in a message box whose default answer is Cancel.
class PublishConfirmDialog
{
public:
    static bool ask(QWidget *parent, const PublishConfirmation &confirmation);
};

} // namespace busmon
