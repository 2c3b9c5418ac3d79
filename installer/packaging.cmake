# CPack: a .deb here; NSIS/WiX for Windows and DragNDrop for macOS are configured for those hosts.
include(GNUInstallDirs)
set(CPACK_PACKAGE_NAME topocheck)
set(CPACK_PACKAGE_VENDOR "Topocheck")
set(CPACK_PACKAGE_CONTACT "Topocheck maintainers <topocheck@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_README ${PROJECT_SOURCE_DIR}/README.md)
set(CPACK_PACKAGE_INSTALL_DIRECTORY Topocheck)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# the PDF report and offscreen renders need a font that Qt finds through fontconfig
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
if(WIN32)
    set(CPACK_GENERATOR NSIS WIX)
    set(CPACK_NSIS_MUI_ICON ${PROJECT_SOURCE_DIR}/installer/topocheck.ico)
    set(CPACK_NSIS_MODIFY_PATH ON)
    set(CPACK_WIX_UPGRADE_GUID 5B3F7D2A-9C41-4E6B-8A0D-3E2F1C7B9A64)
    include(${CMAKE_CURRENT_LIST_DIR}/windows.cmake) # windeployqt, both executables, Start menu, uninstaller
elseif(APPLE)
    set(CPACK_GENERATOR DragNDrop)
else()
    set(CPACK_GENERATOR DEB TGZ)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/resources/profiles/sample.json DESTINATION ${CMAKE_INSTALL_DATADIR}/topocheck)
# the Ansible fleet playbook, for the controller (installer/ansible/README.md)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/installer/ansible/ DESTINATION ${CMAKE_INSTALL_DATADIR}/topocheck/ansible
    PATTERN topocheck-results EXCLUDE)

if(UNIX AND NOT APPLE)
    # Desktop integration under one reverse-DNS id: desktop entry, AppStream metainfo, hicolor icons
    # (the PNGs are rendered from the SVG once and kept in resources/icons: the build needs no tool).
    set(topocheck_app_id io.github.topocheck.Topocheck)
    install(FILES ${PROJECT_SOURCE_DIR}/installer/${topocheck_app_id}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${PROJECT_SOURCE_DIR}/installer/${topocheck_app_id}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/topocheck.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
    foreach(size 16 32 48 64 128 256)
        install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/topocheck-${size}.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps RENAME topocheck.png)
    endforeach()

    # The man page, gzipped as Debian policy wants (-n: no name or time stamp, reproducible)
    find_program(TOPOCHECK_GZIP gzip)
    if(TOPOCHECK_GZIP)
        set(topocheck_man ${PROJECT_BINARY_DIR}/topocheck.1.gz)
        add_custom_command(OUTPUT ${topocheck_man}
            COMMAND ${TOPOCHECK_GZIP} -9 -n -c ${PROJECT_SOURCE_DIR}/installer/topocheck.1 > ${topocheck_man}
            DEPENDS ${PROJECT_SOURCE_DIR}/installer/topocheck.1
            COMMENT "gzip topocheck.1"
            VERBATIM)
        add_custom_target(topocheck_man ALL DEPENDS ${topocheck_man})
    else()
        set(topocheck_man ${PROJECT_SOURCE_DIR}/installer/topocheck.1)
    endif()
    install(FILES ${topocheck_man} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()
include(CPack)
