"""Who is responsible and where: unit phrases, unit vocabulary, places."""
