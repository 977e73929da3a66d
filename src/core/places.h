/*
 * places.h - where a file lies on a server, from its path relative to the
 * root ('/'-separated): web-served folders, staging folders.  Shared by the
 * sweep (what to flag), the case-file diff (new scripts in a web root) and
 * the reports.
 */
#ifndef SS_CORE_PLACES_H
#define SS_CORE_PLACES_H

enum {
  PLACE_WEBROOT = 1u,      /* served by a web server: wwwroot, aspnet_client, owa/ecp, /var/www, /srv */
  PLACE_PROGRAMDATA = 2u,  /* directly in ProgramData or one folder below (not ProgramData/Microsoft) */
  PLACE_WINTEMP = 4u,      /* Windows\Temp */
  PLACE_PUBLIC = 8u,       /* Users\Public */
  PLACE_WINDOWS_WEB = 16u, /* an IIS or Exchange web folder (not a Linux web root) */
};
unsigned core_place_of(const char *rel);
/* 1 if a web server would run the file as a script (by extension). */
int core_place_is_script(const char *rel);

#endif
