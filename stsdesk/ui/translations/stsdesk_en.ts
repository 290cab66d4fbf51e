<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
    <context>
        <name>CalendarHeatmap</name>
        <message numerus="yes">
            <source>%n day(s) with practice in the last year; %1 so far this month.</source>
            <translation>
                <numerusform>%n day with practice in the last year; %1 so far this month.</numerusform>
                <numerusform>%n days with practice in the last year; %1 so far this month.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%1: %n min</source>
            <translation>
                <numerusform>%1: %n min</numerusform>
                <numerusform>%1: %n min</numerusform>
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
        <name>JournalPage</name>
        <message numerus="yes">
            <source>%1 of the last 30 days · %n practice(s), %2 minutes in all · consistency %3/100</source>
            <translation>
                <numerusform>%1 of the last 30 days · %n practice, %2 minutes in all · consistency %3/100</numerusform>
                <numerusform>%1 of the last 30 days · %n practices, %2 minutes in all · consistency %3/100</numerusform>
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
            <source>%n time(s)</source>
            <translation>
                <numerusform>once</numerusform>
                <numerusform>%n times</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n min</source>
            <translation>
                <numerusform>%n min</numerusform>
                <numerusform>%n min</numerusform>
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
        <name>SettingsPage</name>
        <message numerus="yes">
            <source>%n practice(s) loaded.</source>
            <translation>
                <numerusform>%n practice loaded.</numerusform>
                <numerusform>%n practices loaded.</numerusform>
            </translation>
        </message>
    </context>
</TS>
