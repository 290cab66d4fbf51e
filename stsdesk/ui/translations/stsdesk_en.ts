<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
    <context>
        <name>ChartWords</name>
        <message numerus="yes">
            <source>%n day(s)</source>
            <translation>
                <numerusform>%n day</numerusform>
                <numerusform>%n days</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n minute(s)</source>
            <translation>
                <numerusform>%n minute</numerusform>
                <numerusform>%n minutes</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n week(s)</source>
            <translation>
                <numerusform>%n week</numerusform>
                <numerusform>%n weeks</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ExerciseCard</name>
        <message numerus="yes">
            <source>%n min</source>
            <translation>
                <numerusform>%n min</numerusform>
                <numerusform>%n min</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>HomePage</name>
        <message numerus="yes">
            <source>%1 · %n min</source>
            <translation>
                <numerusform>%1 · %n min</numerusform>
                <numerusform>%1 · %n min</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>JournalPage</name>
        <message numerus="yes">
            <source>%n practice(s)</source>
            <translation>
                <numerusform>%n practice</numerusform>
                <numerusform>%n practices</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>This month: %n day(s) with practice.</source>
            <translation>
                <numerusform>This month: %n day with practice.</numerusform>
                <numerusform>This month: %n days with practice.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>from %n rated practice(s)</source>
            <translation>
                <numerusform>from %n rated practice</numerusform>
                <numerusform>from %n rated practices</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Exported %n practice(s) to %1. Only you can read this file.</source>
            <translation>
                <numerusform>Exported %n practice to %1. Only you can read this file.</numerusform>
                <numerusform>Exported %n practices to %1. Only you can read this file.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PendingSaves</name>
        <message numerus="yes">
            <source>%n practice(s) could not be saved yet (the disk is full or read-only). They are kept, and stsdesk tries again every minute and when it closes.</source>
            <translation>
                <numerusform>%n practice could not be saved yet (the disk is full or read-only). It is kept, and stsdesk tries again every minute and when it closes.</numerusform>
                <numerusform>%n practices could not be saved yet (the disk is full or read-only). They are kept, and stsdesk tries again every minute and when it closes.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PlayerPage</name>
        <message numerus="yes">
            <source>%1 · %n min</source>
            <translation>
                <numerusform>%1 · %n min</numerusform>
                <numerusform>%1 · %n min</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PracticesPage</name>
        <message numerus="yes">
            <source>%n min</source>
            <translation>
                <numerusform>%n min</numerusform>
                <numerusform>%n min</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n content file(s) could not be loaded; see Settings → Content.</source>
            <translation>
                <numerusform>%n content file could not be loaded; see Settings → Content.</numerusform>
                <numerusform>%n content files could not be loaded; see Settings → Content.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n practice(s)</source>
            <translation>
                <numerusform>%n practice</numerusform>
                <numerusform>%n practices</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>QuickStarts</name>
        <message numerus="yes">
            <source>%n minute(s)</source>
            <translation>
                <numerusform>%n minute</numerusform>
                <numerusform>%n minutes</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message numerus="yes">
            <source>%n practice(s) loaded.</source>
            <translation>
                <numerusform>%n practice loaded.</numerusform>
                <numerusform>%n practices loaded.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Stats</name>
        <message numerus="yes">
            <source>You practiced %n of the last 7 days.</source>
            <translation>
                <numerusform>You practiced %n of the last 7 days.</numerusform>
                <numerusform>You practiced %n of the last 7 days.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>That is %n practice day(s) in a row.</source>
            <translation>
                <numerusform>That is %n practice day in a row.</numerusform>
                <numerusform>That is %n practice days in a row.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n of the last 30 days had a practice.</source>
            <translation>
                <numerusform>%n of the last 30 days had a practice.</numerusform>
                <numerusform>%n of the last 30 days had a practice.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Days in a row: %n now, %1 at most.</source>
            <translation>
                <numerusform>Days in a row: %n now, %1 at most.</numerusform>
                <numerusform>Days in a row: %n now, %1 at most.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Today: %n practice(s), about %1 min.</source>
            <translation>
                <numerusform>Today: %n practice, about %1 min.</numerusform>
                <numerusform>Today: %n practices, about %1 min.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Today: %n practice(s), under a minute.</source>
            <translation>
                <numerusform>Today: %n practice, under a minute.</numerusform>
                <numerusform>Today: %n practices, under a minute.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n s</source>
            <translation>
                <numerusform>%n s</numerusform>
                <numerusform>%n s</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n min</source>
            <translation>
                <numerusform>%n min</numerusform>
                <numerusform>%n min</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>WeeklySummaryDialog</name>
        <message numerus="yes">
            <source>Practiced on %n day(s) of 7</source>
            <translation>
                <numerusform>Practiced on %n day of 7</numerusform>
                <numerusform>Practiced on %n days of 7</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n minute(s) in all</source>
            <translation>
                <numerusform>%n minute in all</numerusform>
                <numerusform>%n minutes in all</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Current streak: %n day(s)</source>
            <translation>
                <numerusform>Current streak: %n day</numerusform>
                <numerusform>Current streak: %n days</numerusform>
            </translation>
        </message>
    </context>
</TS>
