# Windows packaging (included by packaging.cmake on WIN32): the Qt runtime next to both executables
# (windeployqt), the compiler runtime, Start-menu entries for the window, for a command prompt with
# topocheck-cli.exe and for NSIS's uninstaller (CPack's template adds that one; it is also listed under
# Apps / Programs and Features).

# windeployqt sits next to qmake/qtpaths in the Qt installation the build found
if(TARGET Qt6::windeployqt)
    set(topocheck_windeployqt "$<TARGET_FILE:Qt6::windeployqt>")
else()
    find_program(TOPOCHECK_WINDEPLOYQT windeployqt
        HINTS "${QT6_INSTALL_PREFIX}/${QT6_INSTALL_BINS}" "${Qt6_DIR}/../../../bin" REQUIRED)
    set(topocheck_windeployqt "${TOPOCHECK_WINDEPLOYQT}")
endif()

# Runs at install time (cmake --install, and CPack's staging install), after both executables are
# in place: the Qt DLLs, plugins (platforms, styles, imageformats incl. SVG, tls) and translations.
set(topocheck_deploy_flags --no-system-d3d-compiler --no-opengl-sw --verbose 1)
if(MINGW)
    list(APPEND topocheck_deploy_flags --compiler-runtime) # libgcc, libstdc++, libwinpthread
endif()
install(CODE "
    set(bin \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
    foreach(exe topocheck.exe topocheck-cli.exe)
        message(STATUS \"windeployqt \${bin}/\${exe}\")
        execute_process(COMMAND \"${topocheck_windeployqt}\" ${topocheck_deploy_flags} --dir \"\${bin}\" \"\${bin}/\${exe}\"
                        COMMAND_ERROR_IS_FATAL ANY)
    endforeach()
")
# MSVC builds: vcruntime and msvcp DLLs next to the executables (windeployqt only copies vc_redist)
set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION ${CMAKE_INSTALL_BINDIR})
include(InstallRequiredSystemLibraries)

set(CPACK_PACKAGE_EXECUTABLES topocheck Topocheck) # Start menu: Topocheck -> bin\topocheck.exe
set(CPACK_NSIS_DISPLAY_NAME Topocheck)
set(CPACK_NSIS_PACKAGE_NAME Topocheck)
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\topocheck.exe")
set(CPACK_NSIS_MUI_UNIICON ${PROJECT_SOURCE_DIR}/installer/topocheck.ico)
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_EXECUTABLES_DIRECTORY bin)
# a command prompt that opens on topocheck-cli.exe's usage
set(CPACK_NSIS_CREATE_ICONS_EXTRA "
    CreateShortCut '$SMPROGRAMS\\\\$STARTMENU_FOLDER\\\\Topocheck command line.lnk' '$SYSDIR\\\\cmd.exe' '/k \\\"\\\"$INSTDIR\\\\bin\\\\topocheck-cli.exe\\\" --help\\\"' '$INSTDIR\\\\bin\\\\topocheck.exe' 0
")
set(CPACK_NSIS_DELETE_ICONS_EXTRA "
    Delete '$SMPROGRAMS\\\\$START_MENU\\\\Topocheck command line.lnk'
")
set(CPACK_WIX_PROGRAM_MENU_FOLDER Topocheck)
set(CPACK_WIX_PRODUCT_ICON ${PROJECT_SOURCE_DIR}/installer/topocheck.ico)
